package com.ostcharts.contract;

/** How an entry moved since the last period snapshot of its chart (CONTRACT section 3). */
public enum Movement {
    UP, DOWN, SAME,
    /** In no earlier period snapshot of this chart. */
    NEW,
    /** In an earlier period snapshot, but not in the last one. */
    RE_ENTRY
}
