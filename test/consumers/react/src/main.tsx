import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';

const relay = new URLSearchParams(location.search).get('relay') ?? 'https://support.example.com';
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App server={relay} />
  </StrictMode>,
);
