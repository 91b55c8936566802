package com.cxoneflows.guest;

import java.util.ArrayList;
import java.util.List;

/**
 * The web-chat frames one exchange carries (one frame, or the batch cxone-ws read together), as the intake steps
 * sort them: bad frames with their reasons, to be refused one by one, and guest messages, in the order read, of
 * which the rate-limited are taken out before the rest is committed together.
 */
public final class GuestFrameBatch {

    /** A frame refused as bad input, and why. */
    record BadFrame(String frame, String reason) {
    }

    final List<BadFrame> bad = new ArrayList<>();
    final List<GuestMessage> messages = new ArrayList<>();
}
