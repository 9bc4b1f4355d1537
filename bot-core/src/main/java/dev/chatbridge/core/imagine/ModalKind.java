package dev.chatbridge.core.imagine;

import java.util.Locale;

/** What a MODAL task waits for: a new prompt (Remix), a prompt with a zoom factor, or a painted mask and prompt. */
public enum ModalKind {
    REMIX,
    ZOOM,
    REGION;

    /** From the customId of the button pressed: Custom Zoom and Vary (Region) always open a window on Discord. */
    static ModalKind ofCustomId(String customId) {
        if (customId.startsWith("MJ::CustomZoom::")) {
            return ZOOM;
        }
        if (customId.startsWith("MJ::Inpaint::")) {
            return REGION;
        }
        return REMIX;
    }

    /** True for buttons that wait for input whatever the account's Remix setting. */
    static boolean alwaysAsks(String customId) {
        return ofCustomId(customId) != REMIX;
    }

    /** From the action a MODAL task reports, where the press is not known (a replica that did not press it). */
    static ModalKind ofTaskAction(String action) {
        String upper = action.toUpperCase(Locale.ROOT);
        if (upper.contains("INPAINT") || upper.contains("REGION")) {
            return REGION;
        }
        if (upper.contains("CUSTOM_ZOOM") || upper.equals("ZOOM")) {
            return ZOOM;
        }
        return REMIX;
    }
}
