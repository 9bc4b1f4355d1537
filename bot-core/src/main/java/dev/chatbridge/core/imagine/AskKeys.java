package dev.chatbridge.core.imagine;

/**
 * The ids that the buttons and forms of an ask carry (at most 16 characters: Telegram's callback_data and Discord's
 * custom_id take them easily), and the mark on a task button that asks before it is pressed (Custom Zoom), so that a
 * platform with forms can show one as the press's first answer, without a storage read.
 */
public final class AskKeys {

    /** A task button that needs input before the proxy is asked (Custom Zoom); it is stored as {@code mj:…}. */
    public static final String PRESS_FORM = "mjf:";

    static final String KEEP = "mja:k:";
    static final String CANCEL = "mja:c:";
    static final String EDIT = "mja:e:";
    static final String FORM = "mja:f:";
    private static final String ASK = "mja:";

    private AskKeys() {}

    /** True for a button whose press shows a form on platforms that have forms (Discord's modal). */
    public static boolean opensForm(String key) {
        return key.startsWith(PRESS_FORM) || key.startsWith(EDIT);
    }

    /** True for every button of the imagine flow: task buttons and the buttons of an ask. */
    public static boolean imagineKey(String key) {
        return key.startsWith(ButtonKeys.PREFIX) || key.startsWith(PRESS_FORM) || key.startsWith(ASK);
    }

    static boolean askKey(String key) {
        return key.startsWith(ASK);
    }

    /** The key a task button is stored under. */
    static String storedKey(String key) {
        return key.startsWith(PRESS_FORM) ? ButtonKeys.PREFIX + key.substring(PRESS_FORM.length()) : key;
    }

    /** The key a task button that asks before it is pressed carries. */
    static String pressFormKey(String storedKey) {
        return PRESS_FORM + storedKey.substring(ButtonKeys.PREFIX.length());
    }

    /** The ask id in one of an ask's keys ({@code mja:x:<askId>}). */
    static String askId(String key) {
        return key.substring(KEEP.length());
    }
}
