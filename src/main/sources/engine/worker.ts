// Placeholder: the embedded engine's worker thread (issue 3) replaces this file.
export {};
