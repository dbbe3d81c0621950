import '@xyflow/react/dist/style.css';
import './styles.css';
import './i18n';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { kindColorVariables } from './editor/kind-look';

// Each kind's colour as --kind-<kind>, for the styles that name one (lines, points): from the kind table.
for (const [name, color] of Object.entries(kindColorVariables())) document.documentElement.style.setProperty(name, color);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
