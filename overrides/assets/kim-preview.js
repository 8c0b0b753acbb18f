// The editor's preview only (`make serve`; overrides/main.html): over the page, the
// mistakes in content/ as `kim check` prints them, or a note that the page is older
// than the last save until it is current (then MkDocs' live reload loads it again).
// Both come from kim-preview.json, which the kim plugin writes (its texts are worded in
// Python, in the editor's language); editor text is shown as text only.
(() => {
  "use strict";
  const state = new URL(document.currentScript.dataset.state, location.href);
  const language = document.documentElement.lang;
  let shown = "";

  function box(kind, attributes, parts) {
    const element = document.createElement("div");
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    element.setAttribute(kind, "");
    element.append(...parts);
    return element;
  }

  function show(data) {
    const problems = Array.isArray(data.problems) ? data.problems.map(String) : [];
    const stale = Array.isArray(data.pending) && data.pending.includes(language);
    const key = JSON.stringify([problems, stale]);
    if (key === shown) return;
    shown = key;
    document.querySelectorAll("[data-kim-problems], [data-kim-stale]").forEach((element) => element.remove());
    const place = document.querySelector('[data-md-component="announce"]') || document.body;
    const words = { lang: String(data.lang || "de"), dir: "ltr" };
    if (problems.length) {
      const heading = document.createElement("p");
      const strong = document.createElement("strong");
      strong.textContent = String(data.heading || "");
      heading.append(strong);
      const list = document.createElement("pre");
      list.textContent = problems.join("\n");
      place.append(box("data-kim-problems", { class: "kim-problems", role: "alert", ...words }, [heading, list]));
    } else if (stale) {
      const note = document.createElement("p");
      note.textContent = String(data.stale || "");
      place.append(box("data-kim-stale", { class: "kim-stale", role: "status", ...words }, [note]));
    }
  }

  async function poll() {
    try {
      const answer = await fetch(state, { cache: "no-store" });
      if (answer.ok) show(await answer.json());
    } catch {
      // the preview is restarting: the next look tells
    }
    setTimeout(poll, 400);
  }

  poll();
})();
