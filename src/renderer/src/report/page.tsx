import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectLibrary } from '../api/library';
import { applyTheme, initialTheme } from '../prefs';
import { GroupReportPage, parseGroupQuery } from './GroupReport';
import { parseQuery, ReportPage } from './ReportPage';
import '../styles.css';
import './export.css';
import './page.css';

// Entry of report.html: the report page of the browser shell, and what the `report` CLI captures
// (?ids=… one session or a comparison; ?ids=…&vs=… groups of runs).
applyTheme(initialTheme(), false);
const root = document.getElementById('root');
if (!root) throw new Error('report.html has no #root');
const search = window.location.search;

function Page() {
  const groups = parseGroupQuery(search);
  if (groups && !('error' in groups)) return <GroupReportPage library={connectLibrary()} query={groups} />;
  const query = groups ?? parseQuery(search);
  if ('error' in query)
    return (
      <div className="report-page-error" role="alert" data-testid="report-error">
        {query.error}
      </div>
    );
  return <ReportPage library={connectLibrary()} query={query} />;
}

createRoot(root).render(
  <StrictMode>
    <Page />
  </StrictMode>,
);
