package dev.extaudiences.adapter.files;

import java.nio.charset.StandardCharsets;

/**
 * The folder name of an org id or a sandbox name in the landing zone. The mapping is injective: two different names
 * never share a folder, whatever characters they hold. Letters, digits, {@code @}, {@code -}, {@code _} and a
 * {@code .} that does not lead stand for themselves (so {@code 12345@AdobeOrg/prod} reads as it is); every other
 * character, {@code %} included, is written as the percent-escapes of its UTF-8 bytes. Since {@code %} always starts
 * an escape, a name can be read back from its folder, so no two names can give one folder, and no name can give
 * {@code .}, {@code ..}, a hidden folder or a path separator.
 *
 * <p>Folder names are compared case-sensitively, as on Linux; on a case-insensitive file system (macOS, Windows by
 * default) org ids that differ only in case would meet, which the HTTP edge's id rules do not rule out.
 */
final class ScopeFolderName {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private ScopeFolderName() {
    }

    static String of(String name) {
        StringBuilder folder = new StringBuilder(name.length() + 8);
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            if (standsForItself(b, i == 0)) {
                folder.append((char) b);
            } else {
                folder.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
            }
        }
        return folder.toString();
    }

    private static boolean standsForItself(int b, boolean leading) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
                || b == '@' || b == '-' || b == '_' || b == '.' && !leading;
    }
}
