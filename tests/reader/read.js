// read.js - the tests' second workbook reader (exceljs, independent of
// libxlsxwriter and openpyxl). For each workbook named on the command line
// prints one JSON line: its sheet names and the Daten sheet's rows (cell
// values as exceljs sees them). Exits 1 on the first workbook it cannot read.
"use strict";
const ExcelJS = require("exceljs");

async function main() {
  for (const file of process.argv.slice(2)) {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.readFile(file);
    } catch (e) {
      console.error(`${file}: ${e.message}`);
      process.exit(1);
    }
    const sheets = wb.worksheets.map((ws) => ws.name);
    const daten = [];
    const ws = wb.getWorksheet("Daten");
    if (ws) {
      ws.eachRow({ includeEmpty: true }, (row) => {
        const cells = [];
        for (let c = 1; c <= 15; c++) {
          const v = row.getCell(c).value;
          cells.push(v === undefined ? null : v);
        }
        daten.push(cells);
      });
    }
    console.log(JSON.stringify({ file, sheets, daten }));
  }
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
