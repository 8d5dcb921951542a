// Copies the embed snippet (no inline script: the page runs under a strict CSP).
for (const button of document.querySelectorAll('button[data-copy]')) {
  button.addEventListener('click', async () => {
    const source = document.getElementById(button.dataset.copy);
    const status = button.nextElementSibling;
    try {
      await navigator.clipboard.writeText(source.textContent);
      status.textContent = 'Copied.';
    } catch {
      getSelection().selectAllChildren(source);
      status.textContent = 'Selected: press Ctrl+C to copy.';
    }
  });
}
