"""sitrep's Streamlit entry point in a checkout (``streamlit run app.py``): runs the packaged script."""
import runpy

runpy.run_module("sitrep.app.main", run_name="__main__")
