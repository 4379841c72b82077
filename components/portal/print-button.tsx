'use client';
// Opens the browser's print dialog, where "Save as PDF" is one of the printers.
import { Button } from '../ui/button';

export function PrintButton({ label }: { label: string }) {
  return (
    <Button variant="secondary" className="print:hidden" onClick={() => window.print()}>
      {label}
    </Button>
  );
}
