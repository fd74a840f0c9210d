import { useState } from 'react';
import { DropOverlay, type ImportOutcome, ImportResults, useDropImport } from './ImportDrop';

/** Drag and drop import for the whole window: overlay while dragging, then the results. */
export function ImportLayer({ onOpen }: { onOpen: (id: string) => void }) {
  const [progress, setProgress] = useState<string | null>(null);
  const [outcomes, setOutcomes] = useState<ImportOutcome[]>([]);
  const dragging = useDropImport(
    () => setOutcomes([]),
    setProgress,
    (o) => setOutcomes(o),
  );
  return (
    <>
      {dragging && <DropOverlay />}
      <div className="import-layer">
        <ImportResults
          progress={progress}
          outcomes={outcomes}
          onOpen={(id) => {
            setOutcomes([]);
            onOpen(id);
          }}
          onClose={() => setOutcomes([])}
        />
      </div>
    </>
  );
}
