// The case-study form's resource picker, enhanced: results appear as you type (no page reload).
// Without JavaScript the "Search resources" button posts the form back with the same results.
const picker = document.getElementById("resource-picker");

if (picker) {
  const box = picker.querySelector("#resource_query");
  const button = picker.querySelector("button[name='find_resources']");
  const results = picker.querySelector("#resource-results");
  const searched = picker.querySelector("#resource_searched");
  const lookup = picker.dataset.lookup;
  let timer = null;
  let latest = 0;

  const ticked = () =>
    Array.from(results.querySelectorAll("input[name='resources']:checked")).map((input) => ({
      id: input.value,
      title: input.closest(".nhsuk-checkboxes__item").querySelector("label").textContent.trim(),
    }));

  const item = (resource, checked, index) => {
    const wrapper = document.createElement("div");
    wrapper.className = "nhsuk-checkboxes__item";
    const input = document.createElement("input");
    input.className = "nhsuk-checkboxes__input";
    input.type = "checkbox";
    input.name = "resources";
    input.value = String(resource.id);
    input.id = index === 0 ? "resources" : `resources-${index + 1}`;
    input.checked = checked;
    const label = document.createElement("label");
    label.className = "nhsuk-label nhsuk-checkboxes__label";
    label.htmlFor = input.id;
    label.textContent = resource.title;
    wrapper.append(input, label);
    return wrapper;
  };

  const show = (query, found) => {
    searched.value = query; // saving now saves, rather than searching again
    const keep = ticked();
    const keptIds = new Set(keep.map((resource) => resource.id));
    const rows = [
      ...keep.map((resource) => [resource, true]),
      ...found.filter((resource) => !keptIds.has(String(resource.id))).map((resource) => [resource, false]),
    ];
    results.replaceChildren();
    if (rows.length === 0) {
      const note = document.createElement("p");
      note.textContent = query ? `No published resources match “${query}”. Try a shorter word.` : "No resources linked yet.";
      results.append(note);
      return;
    }
    const fieldset = document.createElement("fieldset");
    fieldset.className = "nhsuk-fieldset";
    const legend = document.createElement("legend");
    legend.className = "nhsuk-fieldset__legend nhsuk-fieldset__legend--s";
    legend.textContent = "Resources linked to this case study";
    const hint = document.createElement("div");
    hint.className = "nhsuk-hint";
    hint.textContent = `${found.length} found. Ticked resources are linked to your case study.`;
    const list = document.createElement("div");
    list.className = "nhsuk-checkboxes nhsuk-checkboxes--small";
    rows.forEach(([resource, checked], index) => list.append(item(resource, checked, index)));
    fieldset.append(legend, hint, list);
    const group = document.createElement("div");
    group.className = "nhsuk-form-group";
    group.append(fieldset);
    results.append(group);
  };

  const search = async () => {
    const query = box.value.trim();
    const ticket = ++latest;
    if (!query) {
      show("", []);
      return;
    }
    try {
      const response = await fetch(`${lookup}?q=${encodeURIComponent(query)}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok || ticket !== latest) return;
      const data = await response.json();
      if (ticket === latest) show(query, data.results || []);
    } catch {
      // Offline or refused: the button still searches by posting the form.
    }
  };

  box.setAttribute("autocomplete", "off");
  box.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
  box.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      clearTimeout(timer);
      search();
    }
  });
  button.addEventListener("click", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    search();
  });
}
