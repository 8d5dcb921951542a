// README recipe: Next.js (the snippet between the markers is the one in the README).
// recipe:start
'use client';
import { useEffect, useState } from 'react';
import { RemoteSupportWidget } from 'remote-support-widget/widget'; // safe to import on the server
import type {} from 'remote-support-widget/react';

export function Support({ server }: { server: string }) {
  const [open, setOpen] = useState(false);
  const [granted, setGranted] = useState<string[]>([]);
  useEffect(() => RemoteSupportWidget.define(), []); // in the browser only
  return (
    <>
      <button onClick={() => setOpen(true)}>Get help</button>
      <output>{granted.join(' ')}</output>
      <remote-support-widget
        server={server}
        vendor="Example Ltd"
        open={open}
        onrsw-grant={(event) => setGranted((fns) => [...fns, event.fn])}
      />
    </>
  );
}
// recipe:end
