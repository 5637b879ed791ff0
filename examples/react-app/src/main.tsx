import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';

// `?api=` picks the backend at run time; VITE_RUN_API at build time; else same origin.
const api = new URLSearchParams(location.search).get('api') ?? import.meta.env.VITE_RUN_API ?? '/api';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App api={api} />
  </StrictMode>,
);
