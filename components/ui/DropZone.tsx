"use client";

import { type ReactNode, useState } from "react";

/**
 * A drop target around a labelled file input (the children). Dropping is a pointer shortcut; the
 * input inside stays the accessible path. A drop is never left to the browser (which would open the
 * file in place of the page), and is ignored while `disabled`.
 */
export function DropZone({
  onFiles,
  disabled = false,
  children,
}: {
  onFiles: (files: FileList) => void;
  disabled?: boolean;
  children: ReactNode;
}) {
  const [over, setOver] = useState(false);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: dropping is a pointer shortcut; the file input inside is the accessible path
    <div
      className={`dropzone${over && !disabled ? " over" : ""}`}
      data-testid="dropzone"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        if (!disabled && e.dataTransfer.files.length > 0) onFiles(e.dataTransfer.files);
      }}
    >
      {children}
    </div>
  );
}
