// The filter panel (templates/_filters.html): open on a desktop, where it sits in the side column;
// closed on a phone, so the results come first (unless the page keeps it open to show an error).
// Without this script the panel is simply closed.
const DESKTOP = window.matchMedia("(min-width: 48.0625em)");

function place(panels) {
  for (const details of panels) {
    details.open = DESKTOP.matches || "keepOpen" in details.dataset;
  }
}

export function initFilters(root = document) {
  const panels = root.querySelectorAll("[data-app-filters] > details");
  if (!panels.length) return;
  place(panels);
  DESKTOP.addEventListener("change", () => place(panels));
}
