import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { captureToken } from './api/bridge';
import { App } from './app/App';
import './styles.css';

// Before anything renders or calls the API: take the token out of the address bar.
captureToken();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
