"""The base of this package's NLU components (linear_nlu.py, nlu.py).

Rasa builds a graph component with `create(config, model_storage, resource,
execution_context)`; ours keep the config (over their defaults), the model
storage and their resource, which a trained component writes its model to and a
stateless one ignores. None of them changes the training data.
(SentenceEmbeddingFeaturizer is a Rasa DenseFeaturizer, built from its node name
instead.)
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.training_data import TrainingData


class ConfiguredComponent(GraphComponent):
    """A graph component made from its config, the model storage and its resource."""

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage | None = None,
        resource: Resource | None = None,
    ) -> None:
        # Rasa passes the config already over the defaults; direct callers may not.
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        return cls(config, model_storage, resource)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
