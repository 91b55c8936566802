package com.cxoneflows.simulator.contact;

import java.util.Map;

/**
 * Writes event data as JSON text straight into a frame. Event data holds only maps, strings and numbers, and
 * a generation of 200,000 events must take a second or two, which a general-purpose serializer per event does not.
 */
final class JsonText {

    private JsonText() {
    }

    static StringBuilder append(StringBuilder out, Object value) {
        if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> member : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, member.getKey().toString()).append(':');
                append(out, member.getValue());
            }
            return out.append('}');
        }
        if (value instanceof Number || value instanceof Boolean || value == null) {
            return out.append(value);
        }
        return string(out, value.toString());
    }

    private static StringBuilder string(StringBuilder out, String text) {
        out.append('"');
        int plain = 0;
        while (plain < text.length() && text.charAt(plain) >= 0x20 && text.charAt(plain) != '"' && text.charAt(plain) != '\\') {
            plain++;
        }
        out.append(text, 0, plain);
        for (int i = plain; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"');
    }
}
