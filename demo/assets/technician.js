// Demo only: signs the console in with the relay's development token. A real deployment hands the console a token
// from the vendor's own staff login (or lets the technician paste one).
const consoleElement = document.querySelector('remote-support-console');
fetch('/demo/config.json')
  .then((res) => (res.ok ? res.json() : Promise.reject(new Error(String(res.status)))))
  .then(({ devToken }) => {
    if (!devToken) return;
    consoleElement.token = devToken;
    document.querySelector('.dev-note').hidden = false;
  })
  .catch(() => {
    // Without the development token the console shows its sign-in form.
  });
