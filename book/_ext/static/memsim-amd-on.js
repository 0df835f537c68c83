// Loaded just after popper and tippy.js: give require.js its define back
// (see memsim-amd-off.js).
(function () {
  "use strict";
  if (window.memsimDefine !== undefined) { window.define = window.memsimDefine; }
  delete window.memsimDefine;
})();
