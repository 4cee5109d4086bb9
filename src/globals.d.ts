/** Origins besides the page's own that `?data=` may read (build setting SEGMENT_STUDIO_DATA_ORIGINS). */
declare const __DATA_ORIGINS__: readonly string[];
/** Host origins allowed to drive an embedded studio (build setting SEGMENT_STUDIO_PARENT_ORIGINS). */
declare const __PARENT_ORIGINS__: readonly string[];
