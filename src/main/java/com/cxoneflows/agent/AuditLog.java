package com.cxoneflows.agent;

import org.apache.camel.support.service.ServiceSupport;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * An append-only JSON-lines file, rotated by size: {@code name.jsonl} is the current file,
 * {@code name.1.jsonl} … {@code name.<keep>.jsonl} the older ones. The lines written together are flushed together
 * (one write to the file per batch of events, not one per line).
 */
public class AuditLog extends ServiceSupport {

    private final Path directory;
    private final String name;
    private final long maxBytes;
    private final int keep;
    private OutputStream writer;
    private long written;

    public AuditLog(Path directory, String name, long maxBytes, int keep) {
        if (maxBytes < 1024) {
            throw new IllegalArgumentException("audit log size must be at least 1024 bytes");
        }
        this.directory = directory;
        this.name = name;
        this.maxBytes = maxBytes;
        this.keep = Math.max(1, keep);
    }

    public Path current() {
        return directory.resolve(name + ".jsonl");
    }

    /** @param jsonLines each line's UTF-8 bytes, without its newline */
    public synchronized void write(List<byte[]> jsonLines) {
        try {
            if (writer == null) {
                open();
            }
            for (byte[] jsonLine : jsonLines) {
                int length = jsonLine.length + 1;
                if (written > 0 && written + length > maxBytes) {
                    rotate();
                }
                writer.write(jsonLine);
                writer.write('\n');
                written += length;
            }
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit log " + current(), e);
        }
    }

    private void open() throws IOException {
        Files.createDirectories(directory);
        writer = new BufferedOutputStream(Files.newOutputStream(current(), StandardOpenOption.CREATE, StandardOpenOption.APPEND), 65536);
        written = Files.size(current());
    }

    private void rotate() throws IOException {
        writer.close();
        for (int i = keep - 1; i >= 1; i--) {
            Path older = directory.resolve(name + "." + i + ".jsonl");
            if (Files.exists(older)) {
                Files.move(older, directory.resolve(name + "." + (i + 1) + ".jsonl"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(current(), directory.resolve(name + ".1.jsonl"), StandardCopyOption.REPLACE_EXISTING);
        writer = null;
        open();
    }

    @Override
    protected synchronized void doStop() throws IOException {
        if (writer != null) {
            writer.close();
            writer = null;
        }
    }
}
