package com.cxoneflows.contact;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The contact log's JSON writer writes any parsed tree as Jackson does, and reads back as the same tree. */
class JsonTextTest {

    private static final String[] PIECES = {"a", "plain text", "\"", "\\", "/", "\u0000", "\b", "\t", "\n", "\f", "\r", "\u001f",
        "\u007f", "\u00e9", "\u0141", "\u674e", "\u2028", "\uffff", "\ud83d\ude00", "\ud83d", "\ude00", "\udbff\udfff", "\ude00\ud83d", ""};

    private final ObjectMapper json = new ObjectMapper();
    private final ObjectWriter escaping = json.writer().with(JsonGenerator.Feature.ESCAPE_NON_ASCII);
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;

    @Test
    void shouldWriteRandomParsedTreesAsJacksonDoesAndReadThemBackTheSame() throws Exception {
        Random random = new Random(15);
        int withLoneSurrogate = 0;
        for (int round = 0; round < 3_000; round++) {
            // a parsed tree, as the store holds: numbers as a parse gives them
            JsonNode tree = json.readTree(json.writeValueAsString(object(random, 0)));
            String plain = written(tree, false);
            assertThat(plain).isEqualTo(json.writeValueAsString(tree));
            assertThat(json.readTree(plain)).isEqualTo(tree);
            String escaped = written(tree, true);
            assertThat(escaped).isEqualTo(escaping.writeValueAsString(tree)).matches("\\p{ASCII}*");
            assertThat(json.readTree(escaped)).isEqualTo(tree);
            boolean lone = hasLoneSurrogate(plain);
            assertThat(wroteLoneSurrogate(tree, false)).as(plain).isEqualTo(lone);
            assertThat(wroteLoneSurrogate(tree, true)).isFalse();
            withLoneSurrogate += lone ? 1 : 0;
        }
        assertThat(withLoneSurrogate).isBetween(100, 2_900);
    }

    @Test
    void shouldNoteALoneSurrogateOnlyWhenAHalfHasNoPair() {
        assertThat(loneIn("\ud83d\ude00")).isFalse();
        assertThat(loneIn("x\ud83d")).isTrue();
        assertThat(loneIn("\ude00x")).isTrue();
        assertThat(loneIn("\ude00\ud83d")).isTrue();
        assertThat(loneIn("\ud83d\ud83d\ude00")).isTrue();
        assertThat(loneIn("caf\u00e9 \u674e")).isFalse();
    }

    @Test
    void shouldWriteANodeItLeavesToJacksonEscapedAsTheRestAndNoteItsLoneSurrogates() {
        ObjectNode tree = nodes.objectNode();
        tree.set("note", nodes.pojoNode("caf\u00e9"));
        assertThat(written(tree, true)).isEqualTo("{\"note\":\"caf\\u00E9\"}");
        assertThat(written(tree, false)).isEqualTo("{\"note\":\"caf\u00e9\"}");
        tree.set("half", nodes.pojoNode("x\ud83d"));
        assertThat(wroteLoneSurrogate(tree, false)).isTrue();
        assertThat(wroteLoneSurrogate(tree, true)).isFalse();
    }

    private boolean loneIn(String text) {
        JsonText out = new JsonText(new StringBuilder(), json, false);
        out.string(text);
        return out.wroteLoneSurrogate();
    }

    private String written(JsonNode tree, boolean escapeNonAscii) {
        StringBuilder text = new StringBuilder();
        new JsonText(text, json, escapeNonAscii).tree(tree);
        return text.toString();
    }

    private boolean wroteLoneSurrogate(JsonNode tree, boolean escapeNonAscii) {
        JsonText out = new JsonText(new StringBuilder(), json, escapeNonAscii);
        out.tree(tree);
        return out.wroteLoneSurrogate();
    }

    private static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private ObjectNode object(Random random, int depth) {
        ObjectNode object = nodes.objectNode();
        int fields = random.nextInt(6);
        for (int i = 0; i < fields; i++) {
            object.set(text(random), value(random, depth + 1));
        }
        return object;
    }

    private JsonNode value(Random random, int depth) {
        switch (random.nextInt(depth < 4 ? 12 : 10)) {
            case 0: return nodes.textNode(text(random));
            case 1: return nodes.numberNode(random.nextInt());
            case 2: return nodes.numberNode(random.nextLong());
            case 3: return nodes.numberNode(new BigInteger(100, random).negate());
            case 4: return nodes.numberNode(random.nextDouble() * Math.pow(10, random.nextInt(600) - 300));
            case 5: return nodes.numberNode(new BigDecimal(new BigInteger(80, random), random.nextInt(40) - 20));
            case 6: return nodes.booleanNode(random.nextBoolean());
            case 7: return nodes.nullNode();
            case 8: return nodes.numberNode(random.nextFloat());
            case 9: return nodes.textNode("");
            case 10: return object(random, depth);
            default: {
                ArrayNode array = nodes.arrayNode();
                int items = random.nextInt(5);
                for (int i = 0; i < items; i++) {
                    array.add(value(random, depth + 1));
                }
                return array;
            }
        }
    }

    private static String text(Random random) {
        StringBuilder text = new StringBuilder();
        int pieces = random.nextInt(8);
        for (int i = 0; i < pieces; i++) {
            text.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return text.toString();
    }
}
