// The page's own script: the relay from the query, a button that opens the box, and the grants it hears about.
const widget = document.querySelector('remote-support-widget');
widget.server = new URLSearchParams(location.search).get('relay') ?? 'https://support.example.com';
document.querySelector('#help').addEventListener('click', () => (widget.open = true));
widget.addEventListener('rsw-grant', (event) => {
  document.querySelector('output').textContent += `${event.fn} `;
});
