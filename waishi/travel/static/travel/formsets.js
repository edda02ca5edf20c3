// "Add a row" on the application form: copies the formset's empty form with the next index.
document.addEventListener("click", (event) => {
  const button = event.target.closest(".formset-add");
  if (!button) return;
  const prefix = button.dataset.prefix;
  const section = button.closest(".formset");
  const total = section.querySelector(`#id_${prefix}-TOTAL_FORMS`);
  const index = parseInt(total.value, 10);
  const template = section.querySelector("template.formset-empty");
  const html = template.innerHTML.replaceAll("__prefix__", String(index));
  section.querySelector(".formset-rows").insertAdjacentHTML("beforeend", html);
  total.value = String(index + 1);
});
