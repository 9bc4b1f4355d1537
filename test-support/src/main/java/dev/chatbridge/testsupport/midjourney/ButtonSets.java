package dev.chatbridge.testsupport.midjourney;

import dev.chatbridge.testsupport.common.Json;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The buttons Midjourney puts under a finished job, in the proxies' JSON shape, and what pressing one starts. */
final class ButtonSets {

    private ButtonSets() {}

    /** Under a grid of four (imagine, variation, reroll, zoom, pan): U1–U4, 🔄, V1–V4. */
    static ArrayNode grid(String hash) {
        ArrayNode buttons = Json.array();
        for (int i = 1; i <= 4; i++) {
            add(buttons, "MJ::JOB::upsample::" + i + "::" + hash, "", "U" + i);
        }
        add(buttons, "MJ::JOB::reroll::0::" + hash + "::SOLO", "🔄", "");
        for (int i = 1; i <= 4; i++) {
            add(buttons, "MJ::JOB::variation::" + i + "::" + hash, "", "V" + i);
        }
        return buttons;
    }

    /** Under a v6 upscale: the long ids (about 80 characters), with both emoji and label, as Discord sends them. */
    static ArrayNode upscaled(String hash) {
        ArrayNode buttons = Json.array();
        add(buttons, "MJ::JOB::upsample_v6_2x_subtle::1::" + hash + "::SOLO", "", "Upscale (Subtle)");
        add(buttons, "MJ::JOB::upsample_v6_2x_creative::1::" + hash + "::SOLO", "", "Upscale (Creative)");
        add(buttons, "MJ::JOB::low_variation::1::" + hash + "::SOLO", "🪄", "Vary (Subtle)");
        add(buttons, "MJ::JOB::variation::1::" + hash + "::SOLO", "🪄", "Vary (Strong)");
        add(buttons, "MJ::Inpaint::1::" + hash + "::SOLO", "🖌️", "Vary (Region)");
        add(buttons, "MJ::Outpaint::50::1::" + hash + "::SOLO", "🔍", "Zoom Out 2x");
        add(buttons, "MJ::Outpaint::75::1::" + hash + "::SOLO", "🔍", "Zoom Out 1.5x");
        add(buttons, "MJ::CustomZoom::" + hash, "🔍", "Custom Zoom");
        add(buttons, "MJ::JOB::pan_left::1::" + hash + "::SOLO", "⬅️", "");
        add(buttons, "MJ::JOB::pan_right::1::" + hash + "::SOLO", "➡️", "");
        add(buttons, "MJ::JOB::pan_up::1::" + hash + "::SOLO", "⬆️", "");
        add(buttons, "MJ::JOB::pan_down::1::" + hash + "::SOLO", "⬇️", "");
        return buttons;
    }

    /**
     * The task a press starts: UPSCALE, VARIATION, REROLL, ZOOM, PAN or INPAINT; null for ids Midjourney would not
     * know.
     */
    static @Nullable String actionOf(String customId) {
        if (customId.startsWith("MJ::JOB::upsample")) {
            return "UPSCALE";
        }
        if (customId.startsWith("MJ::JOB::variation")
                || customId.startsWith("MJ::JOB::low_variation")
                || customId.startsWith("MJ::JOB::high_variation")) {
            return "VARIATION";
        }
        if (customId.startsWith("MJ::JOB::reroll")) {
            return "REROLL";
        }
        if (customId.startsWith("MJ::Outpaint::") || customId.startsWith("MJ::CustomZoom::")) {
            return "ZOOM";
        }
        if (customId.startsWith("MJ::Inpaint::")) {
            return "INPAINT";
        }
        if (customId.startsWith("MJ::JOB::pan_")) {
            return "PAN";
        }
        return null;
    }

    private static void add(ArrayNode buttons, String customId, String emoji, String label) {
        ObjectNode button = buttons.addObject();
        button.put("customId", customId);
        button.put("emoji", emoji);
        button.put("label", label);
        button.put("type", 2);
        button.put("style", 2);
    }
}
