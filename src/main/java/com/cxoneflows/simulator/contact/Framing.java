package com.cxoneflows.simulator.contact;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How one connection frames its lines. The contract's clients must handle CR, LF and CRLF line ends and
 * multi-line {@code data:}; the framing fault makes a connection use them. Multi-line splits the data after
 * each comma between top-level members, so that the lines joined with {@code \n} are the same JSON.
 */
record Framing(LineEnding lineEnding, boolean multiline) {

    static final Framing STORED = new Framing(LineEnding.LF, false);

    enum LineEnding {
        LF("\n"), CR("\r"), CRLF("\r\n");

        private final String chars;

        LineEnding(String chars) {
            this.chars = chars;
        }

        static LineEnding of(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException unknown) {
                throw new IllegalArgumentException("lineEnding must be lf, cr or crlf");
            }
        }

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whether the frames stored in the log can go out as they are. */
    boolean stored() {
        return equals(STORED);
    }

    String retry(long millis) {
        return "retry: " + millis + eol() + eol();
    }

    String keepAlive() {
        return ": keep-alive" + eol() + eol();
    }

    String event(long id, String data) {
        return frame("id: " + EventIds.format(id), LoggedEvent.TYPE, data);
    }

    /** The one event a connection gets before it is closed because its token no longer works. */
    String streamError(String data) {
        return frame(null, "stream.error", data);
    }

    private String frame(String idLine, String type, String data) {
        StringBuilder frame = new StringBuilder(data.length() + 96);
        if (idLine != null) {
            frame.append(idLine).append(eol());
        }
        frame.append("event: ").append(type).append(eol());
        for (String line : multiline ? members(data) : List.of(data)) {
            frame.append("data: ").append(line).append(eol());
        }
        return frame.append(eol()).toString();
    }

    private String eol() {
        return lineEnding.chars;
    }

    /** The data cut after every comma at the top level of its object (strings and nesting respected). */
    private static List<String> members(String data) {
        List<String> lines = new ArrayList<>();
        int depth = 0;
        boolean inString = false;
        int start = 0;
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 1) {
                lines.add(data.substring(start, i + 1));
                start = i + 1;
            }
        }
        lines.add(data.substring(start));
        return lines;
    }
}
