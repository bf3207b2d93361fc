"""ihlbench on Airflow: a weekly run of the IHL refusal benchmark and its trend check.

The run task calls the models (fresh answers per week; a retry the same day resumes from the
response store without paying twice). The trend task exits 5 when the latest run regressed or a
model reported a new version; it is marked failed then, and `on_failure_callback` notifies.

Put the shaded jar and the repo's configs/ and scripts/ at IHLBENCH_HOME on the workers; the
API keys are Airflow Variables (or a secrets backend) exported only to the run task's process.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.models import Variable
from airflow.operators.bash import BashOperator

IHLBENCH_HOME = "/opt/ihlbench"
OUTPUT = "gs://ihl-monitoring/paper-replication"
JAR = f"{IHLBENCH_HOME}/pipeline/target/ihlbench.jar"


def notify(context):
    """Replace with your channel (email, Slack webhook, pager)."""
    ti = context["task_instance"]
    print(f"ihlbench {ti.task_id} failed for {context['ds']}: see {OUTPUT}/trend/alerts.json")


with DAG(
    dag_id="ihlbench_weekly",
    schedule="0 3 * * 1",
    start_date=datetime(2026, 1, 5),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 1, "retry_delay": timedelta(minutes=30),
                  "on_failure_callback": notify},
    tags=["ihlbench", "safety-eval"],
) as dag:
    run = BashOperator(
        task_id="run_benchmark",
        cwd=IHLBENCH_HOME,
        bash_command=(
            "java -jar {{ params.jar }} run --config=configs/paper-replication.yaml"
            " --output={{ params.output }} --store={{ params.output }}/store/{{ ds }}"
            " --runId={{ ts_nodash }}-airflow"
        ),
        params={"jar": JAR, "output": OUTPUT},
        env={name: Variable.get(name) for name in (
            "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "TOGETHER_API_KEY",
            "MISTRAL_API_KEY")},
        append_env=True,
        execution_timeout=timedelta(hours=20),
    )
    trend = BashOperator(
        task_id="trend_check",
        cwd=IHLBENCH_HOME,
        bash_command="java -jar {{ params.jar }} trend --output={{ params.output }} --baselineRuns=4",
        params={"jar": JAR, "output": OUTPUT},
        retries=0,
    )
    run >> trend
