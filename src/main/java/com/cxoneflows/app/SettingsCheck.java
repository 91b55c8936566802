package com.cxoneflows.app;

import com.cxoneflows.settings.Settings;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.model.Model;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.ResourceAware;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
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
        CamelContext context = main.getCamelContext();
        Settings settings = Settings.of(context);
        // Camel would resolve these only when it creates the routes, and stop at the first one missing
        routeSources(context).forEach(source -> {
            Matcher placeholder = REQUIRED_PLACEHOLDER.matcher(source);
            while (placeholder.find()) {
                settings.require(placeholder.group(1).trim());
            }
        });
        settings.check();
    }

    /** The text of every file the routes, route configurations and REST definitions were loaded from. */
    private static Stream<String> routeSources(CamelContext context) {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        return Stream.of(model.getRouteDefinitions(), model.getRouteConfigurationDefinitions(), model.getRestDefinitions())
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
