"""Reading what people bring: cell grids from xlsx/xls/ods/csv, numbers, kinerja.toml, the
Perjanjian Kinerja, the finance report, the returns, the SOP data.
"""

CONFIG_NAME = "kinerja.toml"  # here, so that finding a workspace does not import its reader
