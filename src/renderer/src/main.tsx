import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { DEFAULT_LEVELS } from '../../shared/series';
import { App } from './App';
import { connectApi } from './api';
import { FLAGS } from './flags';
import { applyTheme, initialTheme } from './prefs';
import { HostStore } from './store';
import './styles.css';

applyTheme(initialTheme(), false);
const store = new HostStore(
  connectApi(),
  FLAGS.downsample ? DEFAULT_LEVELS : [{ stepMs: 0, capacity: 1 << 16 }, ...DEFAULT_LEVELS.slice(1)],
);
store.connect();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App store={store} />
  </StrictMode>,
);
