import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connectApi } from './api';
import { applyTheme, initialTheme } from './prefs';
import { HostStore } from './store';
import './styles.css';

applyTheme(initialTheme(), false);
const store = new HostStore(connectApi());
store.connect();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App store={store} />
  </StrictMode>,
);
