/** Origins besides the page's own that `?data=` may read (build setting SEGMENT_STUDIO_DATA_ORIGINS). */
declare const __DATA_ORIGINS__: readonly string[];
