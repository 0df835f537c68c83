// Loaded just before popper and tippy.js (sphinx-tippy's glossary tooltips).
// On pages with widgets, require.js defines window.define, and popper's and
// tippy's UMD bundles then register as anonymous AMD modules ("Mismatched
// anonymous define() module") instead of setting window.Popper and
// window.tippy, which sphinx-tippy needs. Hide define while they load;
// memsim-amd-on.js, loaded right after them, puts it back.
(function () {
  "use strict";
  window.memsimDefine = window.define;
  window.define = undefined;
})();
