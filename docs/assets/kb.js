/* Reader controls, added by script so that without JavaScript every claim stays visible and
   each page reads as a plain list:
   - a filter by claim kind above claim lists (and, on the timeline, by topic), applied to
     the claims and to the timeline's dots;
   - the "Cite this" button of each claim copies a ready-to-paste citation (hidden without
     JavaScript, see kb.css). */
(function () {
  "use strict";
  var KINDS = {
    "fact": "Reported facts",
    "statement": "Statements",
    "assessment": "Assessments",
    "official-figure": "Official figures",
    "scenario": "Scenarios"
  };

  function count(nodes, attribute) {
    var counts = {};
    nodes.forEach(function (node) {
      var value = node.getAttribute(attribute);
      counts[value] = (counts[value] || 0) + 1;
    });
    return counts;
  }

  function filterBar(label, attribute, names, counts, hidden, apply) {
    var bar = document.createElement("div");
    bar.className = "kb-filter";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", label);
    Object.keys(names).forEach(function (value) {
      if (!counts[value]) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "kb-filter__item" + (attribute === "data-kind" ? " kb-kind kb-kind--" + value : "");
      button.setAttribute(attribute, value);
      button.setAttribute("aria-pressed", "true");
      button.textContent = names[value] + " (" + counts[value] + ")";
      button.addEventListener("click", function () {
        var on = button.getAttribute("aria-pressed") !== "true";
        button.setAttribute("aria-pressed", on ? "true" : "false");
        hidden[value] = !on;
        apply();
      });
      bar.appendChild(button);
    });
    return bar;
  }

  function setUpFilters() {
    var claims = Array.prototype.slice.call(document.querySelectorAll(".kb-claim[data-kind]"));
    var events = Array.prototype.slice.call(document.querySelectorAll(".kb-event[data-kind]"));
    // The timeline's open bars (undated claims, grouped) follow the topic filter too.
    var items = claims.concat(Array.prototype.slice.call(document.querySelectorAll(".kb-event[data-topic]")));
    if (!items.length || document.querySelector(".kb-filter")) return;
    var hiddenKinds = {}, hiddenTopics = {};
    function apply() {
      items.forEach(function (item) {
        var hide = hiddenKinds[item.getAttribute("data-kind")] || hiddenTopics[item.getAttribute("data-topic")];
        item.classList.toggle("kb-hidden", !!hide);
      });
    }
    var anchor = document.querySelector(".kb-timeline") || claims[0];
    // Count each claim once: on the timeline a claim is both a dot and a list item.
    var counted = claims.length ? claims : events;
    var kinds = filterBar("Show claims of these kinds", "data-kind", KINDS, count(counted, "data-kind"), hiddenKinds, apply);
    anchor.parentNode.insertBefore(kinds, anchor);
    var timeline = document.querySelector(".kb-timeline");
    if (timeline) {
      var topics = {};
      timeline.querySelectorAll(".kb-row-label").forEach(function (label) {
        topics[label.getAttribute("data-topic")] = label.textContent;
      });
      var bar = filterBar("Show claims of these topics", "data-topic", topics, count(events, "data-topic"), hiddenTopics, apply);
      timeline.parentNode.insertBefore(bar, timeline);
    }
  }

  /* The citation of a claim, read from the page: its text, its topic (the page title),
     its permalink and the sources of its footnotes. */
  function citationOf(claim) {
    var text = claim.querySelector(".kb-text");
    var sources = [];
    claim.querySelectorAll(".kb-byline a.footnote-ref").forEach(function (ref) {
      var note = document.getElementById(decodeURIComponent(ref.hash.slice(1)));
      var label = note ? note.textContent.split(": \u201c")[0].replace(/, \u00b6\d+$/, "").trim() : "";
      if (label && sources.indexOf(label) < 0) sources.push(label);
    });
    var link = claim.querySelector("a.kb-permalink");
    var url = link ? new URL(link.getAttribute("href"), location.href).href : location.href;
    var site = document.querySelector('meta[property="og:site_name"]');
    var topic = document.querySelector("h1");
    return "\u201c" + text.textContent.trim() + "\u201d " + (topic ? topic.textContent.replace("\u00b6", "").trim() + ". " : "") +
      "Sources: " + sources.join("; ") + ". In: " + (site ? site.content : document.title) + ", " + url;
  }

  /* One listener for every "Cite this" button (the buttons are in the page's HTML). */
  function copyCitation(event) {
    var button = event.target.closest && event.target.closest(".kb-cite-this");
    if (!button) return;
    var text = citationOf(button.closest(".kb-claim"));
    var done = function () {
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = "Cite this"; }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { window.prompt("Copy this citation:", text); });
    } else {
      window.prompt("Copy this citation:", text);
    }
  }

  /* On a phone, a footnote mark opens its note in place, under the line, instead of jumping to the
     notes at the bottom of the page; a second tap, or the close button, folds it again. */
  var PHONE = window.matchMedia("(max-width: 600px)");

  function previewFootnote(event) {
    var ref = event.target.closest && event.target.closest("a.footnote-ref");
    if (!ref || !PHONE.matches) return;
    var note = document.getElementById(decodeURIComponent(ref.hash.slice(1)));
    if (!note) return;
    event.preventDefault();
    var holder = ref.closest("p, li, td") || ref.parentNode;
    var open = holder.querySelector('.kb-preview[data-for="' + note.id + '"]');
    holder.querySelectorAll(".kb-preview").forEach(function (box) { box.remove(); });
    if (open) return;
    var box = document.createElement("span");
    box.className = "kb-preview";
    box.setAttribute("data-for", note.id);
    box.setAttribute("role", "note");
    var close = document.createElement("button");
    close.type = "button";
    close.className = "kb-preview__close";
    close.setAttribute("aria-label", "Close the citation");
    close.textContent = "\u00d7";
    close.addEventListener("click", function () { box.remove(); ref.focus(); });
    box.appendChild(close);
    var body = note.cloneNode(true);
    body.removeAttribute("id");
    body.querySelectorAll(".footnote-backref").forEach(function (back) { back.remove(); });
    while (body.firstChild) box.appendChild(body.firstChild);
    holder.appendChild(box);
    close.focus();
  }

  /* The paragraph a citation link lands on is outlined. A link with a text fragment
     (#p12:~:text=…) makes the browser highlight the words but leaves :target unset, so the
     paragraph is marked here too. */
  function markLanding() {
    document.querySelectorAll(".kb-landed").forEach(function (el) { el.classList.remove("kb-landed"); });
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && (target.classList.contains("kb-para") || target.classList.contains("kb-claim"))) {
      target.classList.add("kb-landed");
    }
  }

  /* A card's "How we know" opens when a permalink (#c-…) points at the card, or when a search
     landing highlights words inside it; so does any folded part holding the target. */
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) return;
    var how = target.classList.contains("kb-claim") && target.querySelector(":scope > details.kb-how");
    if (how) how.open = true;
    for (var el = target.parentElement; el; el = el.parentElement) {
      if (el.tagName === "DETAILS") el.open = true;
    }
  }

  function openHighlighted() {
    document.querySelectorAll("details mark[data-md-highlight]").forEach(function (mark) {
      mark.closest("details").open = true;
    });
  }

  /* The fixed header covers the top of the page: a landing (a citation's paragraph, a claim) is
     brought below it when the browser's own scroll left the target's top hidden or off screen. */
  function landBelowHeader() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) return;
    var header = document.querySelector(".md-header");
    var top = header ? header.getBoundingClientRect().bottom : 0;
    var box = target.getBoundingClientRect();
    if (box.top < top || box.top > window.innerHeight - 48) {
      window.scrollBy(0, box.top - top - 8);
    }
  }

  /* Printouts: the addresses of citations and of a list's other pages as the reader's browser
     has them (absolute), the page's own address and the date it was printed. */
  function printAddresses() {
    document.querySelectorAll("a.kb-cite, a.kb-page").forEach(function (a) {
      a.setAttribute("data-print", a.href.split(":~:")[0]);
    });
    document.querySelectorAll(".kb-print-url").forEach(function (el) {
      if (!/^https?:/.test(el.textContent)) el.textContent = location.href.split("#")[0];
    });
    document.querySelectorAll(".kb-print-date").forEach(function (el) {
      el.textContent = new Date().toISOString().slice(0, 10);
    });
  }

  /* Where Material folds the table of contents into its menu (phones, narrow screens), a
     "Contents" button keeps it one tap away on pages with more than two sections. */
  function contentsButton() {
    var list = document.querySelector(".md-sidebar--secondary .md-nav--secondary > .md-nav__list");
    if (!list || list.querySelectorAll("a").length < 3 || document.querySelector(".kb-toc")) return;
    var box = document.createElement("details");
    box.className = "kb-toc";
    var summary = document.createElement("summary");
    summary.textContent = "Contents";
    var nav = document.createElement("nav");
    nav.setAttribute("aria-label", "Contents of this page");
    var copy = list.cloneNode(true);
    copy.removeAttribute("data-md-component");
    copy.querySelectorAll("[data-md-component]").forEach(function (el) { el.removeAttribute("data-md-component"); });
    nav.appendChild(copy);
    box.appendChild(summary);
    box.appendChild(nav);
    nav.addEventListener("click", function (event) {
      if (event.target.closest("a")) box.open = false;
    });
    document.body.appendChild(box);
  }

  /* On a phone the notes open in place, so the list of every note at the end of the page is
     folded under one line; a link to a note, or printing, opens it. */
  function foldNotes() {
    var notes = document.querySelector(".md-typeset .footnote");
    if (!notes || !PHONE.matches || notes.closest("details")) return;
    var box = document.createElement("details");
    box.className = "kb-notes";
    var summary = document.createElement("summary");
    var count = notes.querySelectorAll("li").length;
    summary.textContent = "The " + count + " quoted passage" + (count === 1 ? "" : "s") + " of this page";
    notes.parentNode.insertBefore(box, notes);
    box.appendChild(summary);
    box.appendChild(notes);
  }

  function openForPrint() {
    document.querySelectorAll("details.kb-notes").forEach(function (box) { box.open = true; });
    printAddresses();
  }

  function setUp() {
    setUpFilters();
    foldNotes();
    openTarget();
    markLanding();
    printAddresses();
    contentsButton();
    if (location.hash) {
      // the browser's scroll, then the layout of what is above the target, may move it: check
      // again a few times while the reader has not scrolled
      var moved = false;
      var stop = function () { moved = true; };
      ["wheel", "touchstart", "keydown", "mousedown"].forEach(function (name) {
        window.addEventListener(name, stop, { once: true, passive: true });
      });
      [0, 150, 400, 900].forEach(function (delay) {
        setTimeout(function () { if (!moved) landBelowHeader(); }, delay);
      });
    }
    if (/[?&]h=/.test(location.search)) setTimeout(openHighlighted, 300);
  }

  window.addEventListener("hashchange", function () {
    openTarget();
    markLanding();
  });
  window.addEventListener("beforeprint", openForPrint);

  document.addEventListener("click", previewFootnote);

  document.addEventListener("click", copyCitation);

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
