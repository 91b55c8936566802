package com.cxoneflows.contact;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import java.util.Iterator;
import java.util.Map;

/**
 * Writes strings and parsed trees as JSON onto a text, escaped as Jackson's generator escapes them (quote, backslash,
 * control characters; with {@code escapeNonAscii}, every character above 127), so the text is the one Jackson writes.
 * A walk of the tree straight onto a {@link StringBuilder}: Jackson's generator per value was the product's largest
 * frame (17 % of its CPU in a burst). It notes a lone surrogate as it writes one (see {@link ContactLog#rows}).
 */
final class JsonText {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    /** Jackson's short escapes of control characters; 0 where it writes {@code \\u00XX}. */
    private static final char[] SHORT_ESCAPES = new char[32];

    static {
        SHORT_ESCAPES['\b'] = 'b';
        SHORT_ESCAPES['\t'] = 't';
        SHORT_ESCAPES['\n'] = 'n';
        SHORT_ESCAPES['\f'] = 'f';
        SHORT_ESCAPES['\r'] = 'r';
    }

    private final StringBuilder out;
    /** Writes what the walk leaves to Jackson, escaped as the walk escapes. */
    private final ObjectWriter jackson;
    private final boolean escapeNonAscii;
    private boolean loneSurrogate;

    /** @param json writes the nodes a parse rarely or never gives (numbers neither int nor long, POJOs), as Jackson does */
    JsonText(StringBuilder out, ObjectMapper json, boolean escapeNonAscii) {
        this.out = out;
        this.jackson = escapeNonAscii ? json.writer().with(JsonGenerator.Feature.ESCAPE_NON_ASCII) : json.writer();
        this.escapeNonAscii = escapeNonAscii;
    }

    /** True once a lone surrogate was written unescaped. */
    boolean wroteLoneSurrogate() {
        return loneSurrogate;
    }

    void tree(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                out.append('{');
                boolean first = true;
                for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    string(field.getKey());
                    out.append(':');
                    tree(field.getValue());
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    tree(node.get(i));
                }
                out.append(']');
            }
            case STRING -> string(node.textValue());
            case BOOLEAN -> out.append(node.booleanValue());
            case NULL -> out.append("null");
            case NUMBER -> number(node);
            default -> out.append(jackson(node));
        }
    }

    private void number(JsonNode node) {
        if (node.isInt()) {
            out.append(node.intValue());
        } else if (node.isLong()) {
            out.append(node.longValue());
        } else {
            out.append(jackson(node));
        }
    }

    private String jackson(JsonNode node) {
        String text;
        try {
            text = jackson.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed tree Jackson cannot write", e);
        }
        // a POJO node may hold any text
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                i = checkSurrogate(text, i);
            }
        }
        return text;
    }

    /** A string value, or null. */
    void string(String text) {
        if (text == null) {
            out.append("null");
            return;
        }
        out.append('"');
        int plain = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
                continue;
            }
            if (c >= 0x80 && !escapeNonAscii) {
                if (Character.isSurrogate(c)) {
                    i = checkSurrogate(text, i);
                }
                continue;
            }
            // the characters before this one go as they are, in one copy
            out.append(text, plain, i);
            escape(c);
            plain = i + 1;
        }
        if (plain == 0) {
            // one array copy: appending a range copies it a character at a time
            out.append(text);
        } else {
            out.append(text, plain, text.length());
        }
        out.append('"');
    }

    /** Notes a lone surrogate at {@code i}; returns the index of the pair's low half, or {@code i}. */
    private int checkSurrogate(String text, int i) {
        if (Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
            return i + 1;
        }
        loneSurrogate = true;
        return i;
    }

    private void escape(char c) {
        out.append('\\');
        if (c == '"' || c == '\\') {
            out.append(c);
        } else if (c < 0x20 && SHORT_ESCAPES[c] != 0) {
            out.append(SHORT_ESCAPES[c]);
        } else {
            out.append('u').append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
        }
    }
}
