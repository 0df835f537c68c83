// Local set-up for the widget manager (html-manager), loaded after require.js
// and before embed-amd.js on pages with widgets.
(function () {
  // 1. Tell require.js where the locally served widget bundle lives, so that
  //    the icon fonts html-manager loads resolve to _static/widgets/ from any
  //    page depth (without this they resolve relative to the page and 404).
  var self = document.currentScript && document.currentScript.src;
  if (self && typeof window.require !== "undefined") {
    var widgets = self.slice(0, self.lastIndexOf("/") + 1) + "widgets";
    window.require.config({
      paths: {
        "@jupyter-widgets/html-manager/dist": widgets,
        "@jupyter-widgets": widgets
      }
    });
  }
  // 2. html-manager typesets widget labels through the MathJax 2 API
  //    (MathJax.Hub.Queue); the book loads MathJax 3. Map the call onto
  //    MathJax 3 before the widgets render (this listener runs before
  //    html-manager's, which embed-amd.js registers later).
  document.addEventListener("DOMContentLoaded", function () {
    var mj = window.MathJax;
    if (!mj || mj.Hub) { return; }
    mj.Hub = {
      Queue: function () {
        var nodes = [];
        Array.prototype.forEach.call(arguments, function (job) {
          if (Array.isArray(job) && job[2] instanceof Element) { nodes.push(job[2]); }
        });
        if (mj.typesetPromise && nodes.length) { mj.typesetPromise(nodes); }
      }
    };
  });
  // 3. A race in the widget manager (@jupyter-widgets/base 6, in
  //    html-manager 1.0.6). A Stack shows one child view at a time and, on
  //    each change of its index, removes the old view and creates the new one
  //    asynchronously. When the index changes again before a new view has been
  //    attached (a slider moved quickly on a slow phone), that view is disposed
  //    first: JupyterLuminoWidget.dispose() sets its _view to null, and a
  //    Lumino message still on its way to it then calls
  //    this._view.processLuminoMessage and throws "Cannot read properties of
  //    null (reading 'processLuminoMessage')". A disposed widget has no view to
  //    tell, so drop such messages, as the library's own Accordion widget does.
  //    Patched before html-manager renders the page (it does so on "load").
  document.addEventListener("DOMContentLoaded", function () {
    if (typeof window.require === "undefined") { return; }
    window.require(["@jupyter-widgets/base"], function (base) {
      var proto = base.JupyterLuminoWidget && base.JupyterLuminoWidget.prototype;
      if (!proto || proto.memsimGuarded) { return; }
      var processMessage = proto.processMessage;
      proto.processMessage = function (message) {
        if (this._view === null || this._view === undefined) { return; }
        processMessage.call(this, message);
      };
      proto.memsimGuarded = true;
    });
  });
})();
