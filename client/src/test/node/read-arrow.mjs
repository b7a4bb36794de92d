// Reads one blob of a Cairn datastore as an outside user would: the file `cairn show ... --path` names, opened as
// the Arrow IPC stream it is. Prints {rows, columns: {name: {type, sum, first, last}}} as JSON.
import { readFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';

const table = tableFromIPC(readFileSync(process.argv[2]));
const columns = {};
for (const field of table.schema.fields) {
  const vector = table.getChild(field.name);
  let sum = 0;
  for (const v of vector) sum += Number(v);
  columns[field.name] = {
    type: String(field.type),
    sum,
    first: Number(vector.get(0)),
    last: Number(vector.get(table.numRows - 1)),
  };
}
console.log(JSON.stringify({ rows: table.numRows, columns }));
