// README recipe: React 19 (the snippet between the markers is the one in the README).
// recipe:start
import { useState } from 'react';
import { RemoteSupportWidget } from 'remote-support-widget/widget';
import type {} from 'remote-support-widget/react';

RemoteSupportWidget.define();

export function App({ server }: { server: string }) {
  const [open, setOpen] = useState(false);
  const [granted, setGranted] = useState<string[]>([]);
  return (
    <>
      <button onClick={() => setOpen(true)}>Get help</button>
      <output>{granted.join(' ')}</output>
      <remote-support-widget
        server={server}
        vendor="Example Ltd"
        open={open}
        onrsw-grant={(event) => setGranted((fns) => [...fns, event.fn])}
        onrsw-session-end={() => setOpen(false)}
      />
    </>
  );
}
// recipe:end
