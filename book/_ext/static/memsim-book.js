// The book's own fixes for readers, loaded on every page (book/_ext/offline_assets.py).
(function () {
  "use strict";

  function onReady(callback) {
    if (document.readyState !== "loading") { callback(); } else { document.addEventListener("DOMContentLoaded", callback); }
  }

  // 1. The menu buttons. pydata-sphinx-theme >= 0.17 renders a second
  //    .primary-toggle (and .secondary-toggle) in its header, and attaches its
  //    handlers, and sphinx-book-theme's, to the FIRST one in the document,
  //    which the book theme hides; the visible buttons in the article header
  //    do nothing (pydata-sphinx-theme issue 2451). Forward their clicks to the
  //    button that has the handlers. Runs after the theme's scripts (deferred).
  function forwardToggles(selector) {
    var buttons = document.querySelectorAll(selector);
    if (buttons.length < 2) { return; }
    var handled = buttons[0];
    Array.prototype.slice.call(buttons, 1).forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        event.stopPropagation();
        handled.click();
      });
    });
  }

  // 2. Precomputed explorables: name each slider after its label and value it
  //    with its read-out (screen readers otherwise hear the index, "0"), and
  //    announce the new frame's alt text politely when a slider moves.
  function shownFrame(explorable) {
    var frames = explorable.querySelectorAll(".widget-html img");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].offsetParent !== null) { return frames[i]; }
    }
    return null;
  }

  function describeSliders(explorable) {
    explorable.querySelectorAll(".widget-slider").forEach(function (slider) {
      var label = slider.querySelector(".widget-label");
      var readout = slider.querySelector(".widget-readout");
      var handle = slider.querySelector(".noUi-handle");
      if (!handle) { return; }
      var name = label ? label.textContent.trim() : "";
      if (name) { handle.setAttribute("aria-label", name); }
      if (readout) { handle.setAttribute("aria-valuetext", readout.textContent.trim()); }
    });
  }

  function setUpExplorable(explorable) {
    if (explorable.dataset.memsimReady) { return; }
    explorable.dataset.memsimReady = "1";
    var live = document.createElement("div");
    live.className = "memsim-announcer";
    live.setAttribute("aria-live", "polite");
    live.setAttribute("role", "status");
    explorable.appendChild(live);
    var lastAlt = (shownFrame(explorable) || {}).alt;
    describeSliders(explorable);
    new MutationObserver(function () {
      describeSliders(explorable);
      var frame = shownFrame(explorable);
      if (frame && frame.alt !== lastAlt) {
        lastAlt = frame.alt;
        live.textContent = frame.alt;
      }
    }).observe(explorable, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["class", "style"] });
  }

  // 3. Free-value panels re-run a model in a Python kernel, which the static
  //    book does not have: say so, where to get one, and hide the dead controls.
  function explainLivePanel(panel) {
    if (panel.dataset.memsimReady) { return; }
    panel.dataset.memsimReady = "1";
    var root = document.documentElement.dataset.content_root || "";
    var binder = document.querySelector('a[href*="mybinder.org"]');
    var note = document.createElement("p");
    note.className = "memsim-needs-kernel";
    note.innerHTML =
      "These controls re-run the model, so they need a running Python kernel, which this page does not have. " +
      (binder ? '<a href="' + binder.href + '">Open this chapter in Binder</a>' : "Open this chapter in Binder") +
      ", or run <code>make lab</code> in a clone of the repository (" +
      '<a href="' + root + 'book/running.html">how to run the book</a>).';
    // Hide, rather than remove, the widgets' own nodes: the widget manager
    // still holds them.
    panel.classList.add("memsim-static");
    panel.appendChild(note);
  }

  function setUpWidgets(node) {
    node.querySelectorAll(".memsim-explorable").forEach(setUpExplorable);
    node.querySelectorAll(".memsim-live").forEach(explainLivePanel);
  }

  onReady(function () {
    forwardToggles(".primary-toggle");
    forwardToggles(".secondary-toggle");
    var article = document.querySelector("article") || document.body;
    setUpWidgets(article);
    // Widgets render after load, asynchronously, and get their classes
    // (memsim-explorable, memsim-live) only once attached: look again after
    // each batch of changes, at most once a frame.
    var pending = false;
    new MutationObserver(function () {
      if (pending) { return; }
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        setUpWidgets(article);
      });
    }).observe(article, { subtree: true, childList: true, attributes: true, attributeFilter: ["class"] });
  });
})();
