package com.cxoneflows.jolokia;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Whether a raw request path, however spelt, names the Jolokia endpoint. A path is read the way the most
 * lenient server or proxy in front of us might read it: percent-escapes decoded until nothing changes
 * (three rounds at most), backslashes as slashes, empty, {@code .} and {@code ..} segments resolved,
 * {@code ;parameters} dropped, case folded. Anything that could reach Jolokia that way is guarded.
 */
final class JolokiaPath {

    static final String PATH = "/observe/jolokia";

    private JolokiaPath() {
    }

    static boolean targetsJolokia(String rawPath) {
        String canonical = canonical(rawPath == null ? "" : rawPath);
        return canonical.equals(PATH) || canonical.startsWith(PATH + "/");
    }

    static String canonical(String rawPath) {
        String path = rawPath;
        for (int round = 0; round < 3; round++) {
            String decoded = percentDecoded(path);
            if (decoded.equals(path)) {
                break;
            }
            path = decoded;
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : path.replace('\\', '/').toLowerCase(Locale.ROOT).split("/")) {
            int parameters = segment.indexOf(';');
            String name = (parameters >= 0 ? segment.substring(0, parameters) : segment).trim();
            if (name.equals("..")) {
                segments.pollLast();
            } else if (!name.isEmpty() && !name.equals(".")) {
                segments.addLast(name);
            }
        }
        return "/" + String.join("/", segments);
    }

    /** Decodes every well-formed {@code %XX}; a malformed escape stays as it is. */
    private static String percentDecoded(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '%' && i + 2 < raw.length && hex(raw[i + 1]) >= 0 && hex(raw[i + 2]) >= 0) {
                bytes.write(hex(raw[i + 1]) * 16 + hex(raw[i + 2]));
                i += 2;
            } else {
                bytes.write(raw[i]);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte c) {
        return Character.digit(c, 16);
    }
}
