// Behaviour the pages share, kept out of the HTML so the Content-Security-Policy can forbid inline script.
document.querySelectorAll("select[data-submit-on-change]").forEach((select) => {
  select.addEventListener("change", () => select.form.submit());
});
document.querySelectorAll("button[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});

// A select of units (data-unit-picker) gets a search box: typing a name, with or without diacritics,
// keeps only the units whose label holds it; the select itself still submits the unit.
const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
document.querySelectorAll("select[data-unit-picker]").forEach((select) => {
  const search = document.createElement("input");
  search.type = "search";
  search.className = "unit-search";
  search.id = `${select.id}-search`;
  search.placeholder = select.dataset.unitPicker;
  search.setAttribute("aria-label", select.dataset.unitPicker);
  search.setAttribute("aria-controls", select.id);
  select.before(search);
  search.addEventListener("input", () => {
    const wanted = fold(search.value.trim());
    let first = null;
    Array.from(select.options).forEach((option) => {
      const shown = !option.value || !wanted || fold(option.text).includes(wanted);
      option.hidden = !shown;
      if (shown && option.value && first === null) first = option;
    });
    if (wanted && first !== null && (!select.value || select.selectedOptions[0].hidden)) select.value = first.value;
  });
});
