// The small files every page links to besides the stylesheet: the favicon, and the
// one script (src/http/app.ts serves both). The pages work without the script: it
// only shows the fields of the schedule chosen in the need form as soon as it is
// chosen (without it, the "Continuer" button asks the server), and fills the list of
// communes the place field suggests as one types (docs/decisions/0021).

/** A white heart on the pages' blue: 32 px, readable at 16. */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0b4f9c"/>' +
  '<path d="M16 26s-9-5.6-9-12a5 5 0 0 1 9-3 5 5 0 0 1 9 3c0 6.4-9 12-9 12z" fill="#fff"/></svg>';

export const SCRIPT = `(() => {
  "use strict";
  const form = document.querySelector("form[data-schedule]");
  if (form) {
    const show = () => {
      const chosen = form.querySelector("input[name=schedule_kind]:checked");
      for (const fields of form.querySelectorAll("[data-schedule-fields]")) fields.hidden = !chosen || fields.dataset.scheduleFields !== chosen.value;
    };
    for (const button of form.querySelectorAll("[data-schedule-continue]")) button.hidden = true;
    for (const radio of form.querySelectorAll("input[name=schedule_kind]")) radio.addEventListener("change", show);
    show();
  }
  for (const input of document.querySelectorAll("input[data-suggest]")) {
    const list = document.getElementById(input.getAttribute("list"));
    if (!list) continue;
    let asked = "";
    input.addEventListener("input", async () => {
      const text = input.value.trim();
      if (text.length < 2 || text === asked) return;
      asked = text;
      try {
        const answer = await fetch(input.dataset.suggest + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } });
        if (!answer.ok || asked !== text) return;
        const { items } = await answer.json();
        list.replaceChildren(...items.map((item) => {
          const option = document.createElement("option");
          option.value = item.label;
          return option;
        }));
      } catch {}
    });
  }
})();
`;

/** FNV-1a, 32 bits: each version of the script gets its own address. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}

export const SCRIPT_PATH = `/assets/entraide-${fingerprint(SCRIPT)}.js`;
export const FAVICON_PATH = "/favicon.svg";
