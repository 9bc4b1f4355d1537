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

    /**
     * Under an upscaled image, as trueai-org's proxy passes Discord's components on: one flat list of long ids (up to
     * about 90 characters) in Discord's row order, a custom emoji by its bare name ({@code upscale_1}), Make Square
     * (shown for images that are not square), Favorite, and the Web link with an empty customId (some proxy versions
     * keep link buttons that way).
     */
    static ArrayNode upscaled(String hash) {
        ArrayNode buttons = Json.array();
        add(buttons, "MJ::JOB::upsample_v6_2x_subtle::1::" + hash + "::SOLO", "upscale_1", "Upscale (Subtle)");
        add(buttons, "MJ::JOB::upsample_v6_2x_creative::1::" + hash + "::SOLO", "upscale_1", "Upscale (Creative)");
        add(buttons, "MJ::JOB::low_variation::1::" + hash + "::SOLO", "🪄", "Vary (Subtle)");
        add(buttons, "MJ::JOB::high_variation::1::" + hash + "::SOLO", "🪄", "Vary (Strong)");
        add(buttons, "MJ::Inpaint::1::" + hash + "::SOLO", "🖌️", "Vary (Region)");
        add(buttons, "MJ::Outpaint::50::1::" + hash + "::SOLO", "🔍", "Zoom Out 2x");
        add(buttons, "MJ::Outpaint::75::1::" + hash + "::SOLO", "🔍", "Zoom Out 1.5x");
        add(buttons, "MJ::CustomZoom::" + hash, "🔍", "Custom Zoom");
        add(buttons, "MJ::Outpaint::100::1::" + hash + "::SOLO", "", "Make Square");
        add(buttons, "MJ::JOB::pan_left::1::" + hash + "::SOLO", "⬅️", "");
        add(buttons, "MJ::JOB::pan_right::1::" + hash + "::SOLO", "➡️", "");
        add(buttons, "MJ::JOB::pan_up::1::" + hash + "::SOLO", "⬆️", "");
        add(buttons, "MJ::JOB::pan_down::1::" + hash + "::SOLO", "⬇️", "");
        add(buttons, "MJ::BOOKMARK::" + hash, "❤️", "");
        ObjectNode web = buttons.addObject();
        web.put("customId", "");
        web.put("emoji", "");
        web.put("label", "Web");
        web.put("type", 2);
        web.put("style", 5);
        return buttons;
    }

    /** Under a finished describe: one button per suggested prompt, 1️⃣–4️⃣ (pressing one opens a modal on Discord). */
    static ArrayNode describe() {
        ArrayNode buttons = Json.array();
        for (int i = 1; i <= 4; i++) {
            add(buttons, "MJ::Job::PicReader::" + i, "", String.valueOf(i));
        }
        return buttons;
    }

    /** The task a press starts: UPSCALE, VARIATION, REROLL, ZOOM, PAN or INPAINT; null for ids Midjourney would not know. */
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
        if (customId.startsWith("MJ::Inpaint::")) {
            return "INPAINT";
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
