"""The Python peer: an empty FastAPI + uvicorn app shaped like the original SRE agent's runtime
(pydantic request/response models, `GET /ping`, `POST /invocations`), echoing the prompt.
Run: /usr/bin/python3 bench/peers/fastapi_app.py <port>"""
import sys
import time
from datetime import datetime, timezone
from typing import Any, Dict, Optional

import uvicorn
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI(title="SRE Agent Runtime", version="1.0.0")
STARTED = int(time.time())


class InvocationRequest(BaseModel):
    input: Optional[Dict[str, Any]] = None
    prompt: Optional[str] = None


class InvocationResponse(BaseModel):
    output: Dict[str, Any]


@app.get("/ping")
async def ping():
    return {"status": "Healthy", "time_of_last_update": STARTED}


@app.post("/invocations", response_model=InvocationResponse)
async def invocations(request: InvocationRequest):
    prompt = request.prompt or (request.input or {}).get("prompt", "")
    return InvocationResponse(output={
        "message": prompt,
        "timestamp": datetime.now(timezone.utc).isoformat(),
        "model": "echo",
    })


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", access_log=False)
