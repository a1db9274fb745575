package dev.gatehouse.broker.groups;

import java.text.Normalizer;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Characters that make a group name look like another one. Invisible characters (Unicode's default-ignorable code
 * points: zero-width space, soft hyphen, word joiner…) and names mixing look-alike scripts (a Cyrillic а among Latin
 * letters) are refused; compatibility variants (fullwidth ａｄｍｉｎ, ligatures) and the dotless ı compare equal to
 * what they look like through {@link #skeleton}, so they can neither dodge an ignored name nor pose next to an
 * existing group. Pure functions.
 */
final class LookAlikes {

    private static final int ZWNJ = 0x200C;
    private static final int ZWJ = 0x200D;
    private static final int VS15 = 0xFE0E;
    private static final int VS16 = 0xFE0F;

    /** Scripts that may be written together (Unicode TR 39, "highly restrictive"); Common and Inherited go with all. */
    private static final List<Set<Character.UnicodeScript>> COMBINABLE = List.of(
            EnumSet.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN, Character.UnicodeScript.HIRAGANA,
                    Character.UnicodeScript.KATAKANA),
            EnumSet.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN, Character.UnicodeScript.BOPOMOFO),
            EnumSet.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN, Character.UnicodeScript.HANGUL));

    private LookAlikes() {
    }

    /**
     * An invisible character: a default-ignorable code point, except the joiners a writing system needs between two
     * of its letters (Persian, Indic scripts) and the joiner and presentation selectors inside an emoji sequence.
     */
    static boolean hasInvisible(String name) {
        int[] cps = name.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            int cp = cps[i];
            if (!isDefaultIgnorable(cp)) {
                continue;
            }
            boolean joinsLetters = (cp == ZWNJ || cp == ZWJ) && joinsLettersOfOneScript(cps, i);
            boolean inEmoji = (cp == ZWJ && i > 0 && i + 1 < cps.length && isSymbolOrSelector(cps[i - 1]) && isSymbol(cps[i + 1]))
                    || ((cp == VS15 || cp == VS16) && i > 0 && isSymbol(cps[i - 1]));
            if (!joinsLetters && !inEmoji) {
                return true;
            }
        }
        return false;
    }

    /** Letters of scripts that are not normally written together, such as Latin with Cyrillic or Greek. */
    static boolean mixesScripts(String name) {
        Set<Character.UnicodeScript> scripts = EnumSet.noneOf(Character.UnicodeScript.class);
        name.codePoints().filter(Character::isLetter).forEach(cp -> {
            Character.UnicodeScript script = Character.UnicodeScript.of(cp);
            if (script != Character.UnicodeScript.COMMON && script != Character.UnicodeScript.INHERITED
                    && script != Character.UnicodeScript.UNKNOWN) {
                scripts.add(script);
            }
        });
        return scripts.size() > 1 && COMBINABLE.stream().noneMatch(allowed -> allowed.containsAll(scripts));
    }

    /**
     * What a name looks like, for comparing: compatibility variants folded (NFKC), invisible characters dropped,
     * letter case ignored, the dotless ı and the dotted İ read as i.
     */
    static String skeleton(String name) {
        String folded = Normalizer.normalize(name, Normalizer.Form.NFKC);
        StringBuilder out = new StringBuilder(folded.length());
        folded.codePoints().filter(cp -> !isDefaultIgnorable(cp)).forEach(out::appendCodePoint);
        String lower = out.toString().toLowerCase(Locale.ROOT).replace('\u0131', 'i').replace("i\u0307", "i");
        return Normalizer.normalize(lower, Normalizer.Form.NFKC);
    }

    /** Unicode's Default_Ignorable_Code_Point property (DerivedCoreProperties.txt). */
    static boolean isDefaultIgnorable(int cp) {
        return cp == 0x00AD || cp == 0x034F || cp == 0x061C || cp == 0x115F || cp == 0x1160 || cp == 0x17B4 || cp == 0x17B5
                || (cp >= 0x180B && cp <= 0x180F) || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E)
                || (cp >= 0x2060 && cp <= 0x206F) || cp == 0x3164 || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF
                || cp == 0xFFA0 || (cp >= 0xFFF0 && cp <= 0xFFF8) || (cp >= 0x1BCA0 && cp <= 0x1BCA3)
                || (cp >= 0x1D173 && cp <= 0x1D17A) || (cp >= 0xE0000 && cp <= 0xE0FFF);
    }

    private static boolean joinsLettersOfOneScript(int[] cps, int at) {
        if (at == 0 || at + 1 >= cps.length) {
            return false;
        }
        int before = cps[at - 1];
        int after = cps[at + 1];
        if (!(Character.isLetter(before) || isMark(before)) || !Character.isLetter(after)) {
            return false;
        }
        Character.UnicodeScript script = Character.UnicodeScript.of(after);
        Character.UnicodeScript previous = isMark(before) ? script : Character.UnicodeScript.of(before);
        return script == previous && script != Character.UnicodeScript.LATIN && script != Character.UnicodeScript.COMMON;
    }

    private static boolean isMark(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
    }

    private static boolean isSymbol(int cp) {
        int type = Character.getType(cp);
        return type == Character.OTHER_SYMBOL || type == Character.MODIFIER_SYMBOL;
    }

    private static boolean isSymbolOrSelector(int cp) {
        return isSymbol(cp) || cp == VS16;
    }
}
