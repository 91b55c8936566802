package com.cxoneflows.app;

import com.cxoneflows.settings.Settings;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteTemplateParameterDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.ResourceAware;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Fails the start with every problem the foundation and the flows found in their settings, and every key a
 * route needs that is not set, once all of them were configured and the routes loaded, before anything runs.
 */
class SettingsCheck extends MainListenerSupport {

    /** A placeholder that must resolve: {@code {{?key}}} is optional and {@code {{key:default}}} has its default. */
    private static final Pattern REQUIRED_PLACEHOLDER = Pattern.compile("\\{\\{([^?{}:][^{}:]*)}}");

    @Override
    public void afterConfigure(BaseMainSupport main) {
        Settings settings = Settings.of(main.getCamelContext());
        Model model = main.getCamelContext().getCamelContextExtension().getContextPlugin(Model.class);
        // a route template's {{parameter}} is no setting
        Set<String> templateParameters = model.getRouteTemplateDefinitions().stream()
                .flatMap(template -> template.getTemplateParameters().stream())
                .map(RouteTemplateParameterDefinition::getName).collect(Collectors.toSet());
        // Camel would resolve these only when it creates the routes, and stop at the first one missing
        routeSources(model).forEach(source -> {
            Matcher placeholder = REQUIRED_PLACEHOLDER.matcher(source);
            while (placeholder.find()) {
                String key = placeholder.group(1).trim();
                if (!templateParameters.contains(key)) {
                    settings.require(key);
                }
            }
        });
        settings.check();
    }

    /** The text of every file the routes, templates, route configurations and REST definitions were loaded from. */
    private static Stream<String> routeSources(Model model) {
        return Stream.of(model.getRouteDefinitions(), model.getRouteTemplateDefinitions(),
                        model.getRouteConfigurationDefinitions(), model.getRestDefinitions())
                .flatMap(definitions -> definitions.stream().map(ResourceAware.class::cast))
                .map(ResourceAware::getResource).filter(Objects::nonNull)
                .collect(Collectors.toMap(Resource::getLocation, resource -> resource, (first, same) -> first))
                .values().stream().map(SettingsCheck::read);
    }

    private static String read(Resource resource) {
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource.getLocation(), e);
        }
    }
}
