import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectLibrary } from '../api/library';
import { applyTheme, initialTheme } from '../prefs';
import { parseQuery, ReportPage } from './ReportPage';
import '../styles.css';
import './export.css';
import './page.css';

// Entry of report.html: the report page of the browser shell, and what the `report` CLI captures.
applyTheme(initialTheme(), false);
const root = document.getElementById('root');
if (!root) throw new Error('report.html has no #root');
const query = parseQuery(window.location.search);
createRoot(root).render(
  <StrictMode>
    {'error' in query ? (
      <div className="report-page-error" role="alert" data-testid="report-error">
        {query.error}
      </div>
    ) : (
      <ReportPage library={connectLibrary()} query={query} />
    )}
  </StrictMode>,
);
