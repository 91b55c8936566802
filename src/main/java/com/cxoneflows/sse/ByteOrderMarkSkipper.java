package com.cxoneflows.sse;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;

/** Drops a UTF-8 byte order mark at the very start of a stream, as the event-stream format requires. */
final class ByteOrderMarkSkipper extends PushbackInputStream {

    private static final int[] BOM = {0xEF, 0xBB, 0xBF};
    private boolean checked;

    ByteOrderMarkSkipper(InputStream in) {
        super(in, BOM.length);
    }

    @Override
    public int read() throws IOException {
        skipMarkOnce();
        return super.read();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        skipMarkOnce();
        return super.read(buffer, offset, length);
    }

    private void skipMarkOnce() throws IOException {
        if (checked) {
            return;
        }
        checked = true;
        byte[] head = new byte[BOM.length];
        int read = 0;
        while (read < BOM.length) {
            int b = super.read();
            if (b < 0) {
                break;
            }
            head[read++] = (byte) b;
            if ((b & 0xFF) != BOM[read - 1]) {
                break;
            }
        }
        if (read == BOM.length && (head[2] & 0xFF) == BOM[2]) {
            return;
        }
        unread(head, 0, read);
    }
}
