/* casegraph: the interactive network page.
 * Reads the JSON blob #cg-data (escaped by casegraph.visualize) and draws it with vis-network.
 * All text comes from news articles and is untrusted: it only ever reaches the DOM through
 * textContent (or vis-network's tooltip, which uses innerText for strings), never innerHTML.
 * Positions come from Python; physics stays off so the page is usable at once at any size.
 * Setup cost grows with every option vis-network has to merge per item, so items carry only their
 * own values (id, label, position, size, group) and the shared styling sits in one group per class.
 * casegraph.timings records when each step finished (ms since navigation start). */
(function () {
  "use strict";
  /* Milliseconds since navigation start at each step of getting the page interactive. */
  var timings = { script: performance.now() };
  var data = JSON.parse(document.getElementById("cg-data").textContent);
  timings.data = performance.now();
  var N = data.nodes.length;
  var BIG = N > 3000;
  var DIM = "rgba(200,200,200,0.35)";
  var hiddenClasses = new Set();
  var lowerLabels = null;  // the search index, built on the first query
  var neighbours = data.nodes.map(function () { return []; });
  data.edges.forEach(function (e) {
    neighbours[e[0]].push([e[1], e[2], "out"]);
    neighbours[e[1]].push([e[0], e[2], "in"]);
  });

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function short(label) {
    return label.length > 40 ? label.slice(0, 39) + "\u2026" : label;
  }

  function colourOf(n) {
    return { background: n.colour, border: n.colour, highlight: { background: n.colour, border: "#111" },
      hover: { background: n.colour, border: "#111" } };
  }

  var groups = {};
  data.legend.forEach(function (entry) { groups[entry.cls] = { shape: entry.shape, color: colourOf(entry) }; });
  var nodes = new vis.DataSet(data.nodes.map(function (n, i) {
    return { id: i, label: short(n.label), title: n.tip, x: n.x, y: n.y, size: n.size, group: n.cls };
  }));
  var edges = new vis.DataSet(data.edges.map(function (e, i) {
    return { id: i, from: e[0], to: e[1], title: e[2] };
  }));
  timings.datasets = performance.now();
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return !hiddenClasses.has(n.group); } });

  var options = {
    autoResize: true,
    physics: { enabled: false },
    layout: { improvedLayout: false, randomSeed: 1 },
    interaction: { hover: !BIG, tooltipDelay: 120, hideEdgesOnDrag: BIG, hideEdgesOnZoom: BIG,
      keyboard: false, multiselect: false },
    groups: groups,
    nodes: { borderWidth: 1, font: { size: 14, face: "system-ui, sans-serif", color: "#222" },
      scaling: { label: { drawThreshold: 5 } } },
    edges: { smooth: false, width: 1, selectionWidth: 2, hoverWidth: 1,
      color: { color: "#b8b8b8", highlight: "#333", hover: "#555", inherit: false },
      arrows: { to: { enabled: !BIG, scaleFactor: 0.4 } } }
  };
  var container = document.getElementById("cg-network");
  var network = new vis.Network(container, { nodes: nodeView, edges: edges }, options);
  timings.network = performance.now();

  var api = { data: data, nodes: nodes, edges: edges, network: network, ready: false, timings: timings,
    dimmed: false, selected: null, search: search, focusNode: focusNode };
  window.casegraph = api;
  network.once("afterDrawing", function () {
    timings.drawn = performance.now();
    api.ready = true;
    document.body.setAttribute("data-ready", "1");
  });

  /* ---- header, legend and class toggles ---- */
  document.getElementById("cg-title").textContent = data.title;
  document.title = data.title;
  document.getElementById("cg-counts").textContent =
    N + " nodes \u00b7 " + data.edges.length + " edges";
  var classList = document.getElementById("cg-classes");
  data.legend.forEach(function (entry) {
    var li = el("li");
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.setAttribute("data-cls", entry.cls);
    box.addEventListener("change", function () { setClassVisible(entry.cls, box.checked); });
    var swatch = el("span", null, "cg-swatch cg-" + entry.shape);
    swatch.style.backgroundColor = entry.colour;
    label.appendChild(box);
    label.appendChild(swatch);
    label.appendChild(el("span", entry.cls, "cg-cls"));
    label.appendChild(el("span", String(entry.count), "cg-count"));
    li.appendChild(label);
    classList.appendChild(li);
  });

  function setClassVisible(cls, visible) {
    if (visible) hiddenClasses.delete(cls); else hiddenClasses.add(cls);
    var box = classList.querySelector('input[data-cls="' + CSS.escape(cls) + '"]');
    if (box) box.checked = visible;
    nodeView.refresh();
  }

  /* ---- selection: neighbourhood highlight and side panel ---- */
  function highlight(i) {
    var keep = new Set([i]);
    neighbours[i].forEach(function (nb) { keep.add(nb[0]); });
    network.selectNodes(Array.from(keep), true);
    if (BIG) return;  // recolouring tens of thousands of nodes takes seconds; selection is enough
    nodes.update(data.nodes.map(function (n, j) {
      return { id: j, color: keep.has(j) ? groups[n.cls].color : DIM };
    }));
    api.dimmed = true;
  }

  function clearHighlight() {
    if (api.dimmed) {
      nodes.update(data.nodes.map(function (n, j) { return { id: j, color: groups[n.cls].color }; }));
      api.dimmed = false;
    }
    api.selected = null;
    var panel = document.getElementById("cg-panel");
    panel.replaceChildren(el("p", "Nothing selected.", "cg-hint"));
  }

  function articleLine(idx) {
    var a = data.articles[idx];
    if (!a) return el("span", "(unknown article)", "cg-article");
    var parts = [a.label];
    if (a.date) parts.push(a.date);
    if (a.file && a.file !== a.label) parts.push(a.file);
    return el("span", parts.join(" \u00b7 "), "cg-article");
  }

  function evidenceList(n) {
    var list = el("ul", null, "cg-evidence");
    n.ev.forEach(function (ev) {
      var li = el("li");
      li.appendChild(el("blockquote", ev[0], "cg-sentence"));
      li.appendChild(articleLine(ev[1]));
      var meta = [];
      if (ev[2]) meta.push("rule " + ev[2]);
      if (ev[3]) meta.push("confidence " + ev[3]);
      if (meta.length) li.appendChild(el("span", meta.join(" \u00b7 "), "cg-meta"));
      list.appendChild(li);
    });
    return list;
  }

  /* A link to neighbour nb = [index, property, direction]: "victim: Anthony Alvarez" when the
   * selected node points at it, "Shooting of ... (as victim)" when it points at the selected node. */
  function nodeButton(nb) {
    var label = data.nodes[nb[0]].label;
    var text = nb[2] === "out" ? nb[1] + ": " + label : label;
    var b = el("button", text, "cg-link");
    b.type = "button";
    b.addEventListener("click", function () { focusNode(nb[0]); });
    var wrap = el("span");
    wrap.appendChild(b);
    if (nb[2] === "in") wrap.appendChild(el("span", " (as " + nb[1] + ")", "cg-role"));
    return wrap;
  }

  function fillPanel(i) {
    var n = data.nodes[i];
    var panel = document.getElementById("cg-panel");
    var parts = [el("h2", n.label, "cg-label"), el("p", n.cls, "cg-class"), el("p", n.iri, "cg-iri")];
    if (n.details.length) {
      var dl = el("dl", null, "cg-details");
      n.details.forEach(function (d) { dl.appendChild(el("dt", d[0])); dl.appendChild(el("dd", d[1])); });
      parts.push(dl);
    }
    if (n.ev.length) {
      parts.push(el("h3", "Evidence"));
      parts.push(evidenceList(n));
    }
    var facts = neighbours[i].filter(function (nb) { return data.nodes[nb[0]].kind === "fact"; });
    var others = neighbours[i].filter(function (nb) { return data.nodes[nb[0]].kind !== "fact"; });
    if (facts.length) parts.push(el("h3", "Facts (" + facts.length + ")"));
    facts.slice(0, 60).forEach(function (nb) {
      var box = el("section", null, "cg-fact");
      box.appendChild(nodeButton(nb));
      box.appendChild(evidenceList(data.nodes[nb[0]]));
      parts.push(box);
    });
    if (facts.length > 60) parts.push(el("p", "\u2026 and " + (facts.length - 60) + " more", "cg-hint"));
    if (others.length) {
      parts.push(el("h3", "Connected (" + others.length + ")"));
      var ul = el("ul", null, "cg-connected");
      others.slice(0, 100).forEach(function (nb) {
        var li = el("li");
        li.appendChild(nodeButton(nb));
        ul.appendChild(li);
      });
      parts.push(ul);
    }
    if (n.art.length) {
      parts.push(el("h3", "Articles (" + n.art.length + ")"));
      var al = el("ul", null, "cg-articles");
      n.art.forEach(function (a) { var li = el("li"); li.appendChild(articleLine(a)); al.appendChild(li); });
      parts.push(al);
    }
    panel.replaceChildren.apply(panel, parts);
    panel.scrollTop = 0;
  }

  function select(i) {
    api.selected = i;
    highlight(i);
    fillPanel(i);
  }

  network.on("click", function (params) {
    if (params.nodes.length) select(params.nodes[0]);
    else if (!params.edges.length) clearHighlight();
  });

  /* ---- search ---- */
  var input = document.getElementById("cg-search");
  var results = document.getElementById("cg-results");

  function search(query) {
    var q = query.trim().toLowerCase();
    if (!q) return [];
    if (lowerLabels === null) lowerLabels = data.nodes.map(function (n) { return n.label.toLowerCase(); });
    var hits = [];
    for (var i = 0; i < N; i++) {
      var at = lowerLabels[i].indexOf(q);
      if (at >= 0) hits.push([lowerLabels[i] === q ? 0 : at === 0 ? 1 : 2, -data.nodes[i].size, i]);
    }
    hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; });
    return hits.slice(0, 30).map(function (h) { return h[2]; });
  }

  function showResults() {
    var hits = search(input.value);
    var items = hits.map(function (i) {
      var li = el("li");
      var b = el("button", data.nodes[i].label, "cg-result");
      b.type = "button";
      b.appendChild(el("span", " " + data.nodes[i].cls, "cg-result-cls"));
      b.addEventListener("click", function () { focusNode(i); results.replaceChildren(); });
      li.appendChild(b);
      return li;
    });
    if (!items.length && input.value.trim()) items = [el("li", "No match", "cg-hint")];
    results.replaceChildren.apply(results, items);
  }

  function focusNode(i) {
    var n = data.nodes[i];
    if (hiddenClasses.has(n.cls)) setClassVisible(n.cls, true);
    network.focus(i, { scale: 1.3, animation: false });
    select(i);
  }

  input.addEventListener("input", showResults);
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      var hits = search(input.value);
      if (hits.length) { focusNode(hits[0]); results.replaceChildren(); }
    } else if (ev.key === "Escape") {
      input.value = "";
      results.replaceChildren();
    }
  });
  timings.setup = performance.now();
})();
