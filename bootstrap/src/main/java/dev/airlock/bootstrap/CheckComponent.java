package dev.airlock.bootstrap;

import dagger.BindsInstance;
import dagger.Subcomponent;
import dev.airlock.application.port.in.CheckRequestsUseCase;

/**
 * The object graph of one check, built once its {@link CheckTarget} is known. It reuses the fetcher
 * and scanners of the enclosing {@link AppComponent} and adds nothing that publishes or records.
 */
@Subcomponent(modules = CheckModule.class)
public interface CheckComponent {

  CheckRequestsUseCase checkRequests();

  /** Builds the graph for one target. */
  @Subcomponent.Factory
  interface Factory {
    CheckComponent create(@BindsInstance CheckTarget target);
  }
}
