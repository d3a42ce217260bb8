import type { ReactNode } from "react";

/** A scrollable table with a header row; the rows are the children (`<tr>` elements). */
export function DataTable({
  label,
  headers,
  children,
}: {
  label?: string;
  headers: string[];
  children: ReactNode;
}) {
  return (
    <div className="table-wrap">
      <table aria-label={label}>
        <thead>
          <tr>
            {headers.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
